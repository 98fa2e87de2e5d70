// Merges every message group. Each group lives in messages/<area>.ts with its zh and en tables.
import { common } from './messages/common';
import { account } from './messages/account';
import { catalogue } from './messages/catalogue';
import { booking } from './messages/booking';
import { qualification } from './messages/qualification';
import { operations } from './messages/operations';

export const zh = { ...common.zh, ...account.zh, ...catalogue.zh, ...booking.zh, ...qualification.zh, ...operations.zh };
export type MessageKey = keyof typeof zh;
