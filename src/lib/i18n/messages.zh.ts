// Merges every message group. Each group lives in messages/<area>.ts with its zh and en tables.
import { common } from './messages/common';
import { account } from './messages/account';
import { catalogue } from './messages/catalogue';
import { booking } from './messages/booking';
import { qualification } from './messages/qualification';
import { instrumentAdmin } from './messages/instrument-admin';
import { usage } from './messages/usage';
import { notification } from './messages/notification';
import { voucher } from './messages/voucher';
import { schedule } from './messages/schedule';
import { statistics } from './messages/statistics'; // statistics
import { statisticsReports } from './messages/statistics-reports'; // statistics reports

export const groups = [common, account, catalogue, booking, qualification, instrumentAdmin, usage, notification, voucher, schedule, statistics, statisticsReports] as const;

export const zh = {
	...common.zh,
	...account.zh,
	...catalogue.zh,
	...booking.zh,
	...qualification.zh,
	...instrumentAdmin.zh,
	...usage.zh,
	...notification.zh,
	...voucher.zh,
	...schedule.zh,
	...statistics.zh, // statistics
	...statisticsReports.zh // statistics reports
};
export type MessageKey = keyof typeof zh;
