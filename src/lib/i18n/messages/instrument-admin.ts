import { defineMessages } from '../define';

export const instrumentAdmin = defineMessages(
	{
		'instrumentAdmin.title': 'instrumentAdmin'
	},
	{
		'instrumentAdmin.title': 'instrumentAdmin'
	}
);
