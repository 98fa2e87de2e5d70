import { defineMessages } from '../define';

export const notification = defineMessages(
	{
		'notification.title': 'notification'
	},
	{
		'notification.title': 'notification'
	}
);
