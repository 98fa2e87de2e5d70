import { defineMessages } from '../define';

export const schedule = defineMessages(
	{
		'schedule.title': 'schedule'
	},
	{
		'schedule.title': 'schedule'
	}
);
