import { defineMessages } from '../define';

export const usage = defineMessages(
	{
		'usage.title': 'usage'
	},
	{
		'usage.title': 'usage'
	}
);
