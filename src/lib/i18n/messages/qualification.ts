import { defineMessages } from '../define';

export const qualification = defineMessages(
	{
		'qualification.title': 'qualification'
	},
	{
		'qualification.title': 'qualification'
	}
);
