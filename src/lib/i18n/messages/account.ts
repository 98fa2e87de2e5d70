import { defineMessages } from '../define';

export const account = defineMessages(
	{
		'account.title': 'account'
	},
	{
		'account.title': 'account'
	}
);
