import { defineMessages } from '../define';

export const catalogue = defineMessages(
	{
		'catalogue.title': 'catalogue'
	},
	{
		'catalogue.title': 'catalogue'
	}
);
