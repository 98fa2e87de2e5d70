import { defineMessages } from '../define';

export const voucher = defineMessages(
	{
		'voucher.title': 'voucher'
	},
	{
		'voucher.title': 'voucher'
	}
);
