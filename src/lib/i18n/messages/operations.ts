import { defineMessages } from '../define';

export const operations = defineMessages(
	{
		'operations.title': 'operations'
	},
	{
		'operations.title': 'operations'
	}
);
