import { common } from './messages/common';
import { account } from './messages/account';
import { catalogue } from './messages/catalogue';
import { booking } from './messages/booking';
import { qualification } from './messages/qualification';
import { operations } from './messages/operations';
import type { MessageKey } from './messages.zh';

export const en: Record<MessageKey, string> = { ...common.en, ...account.en, ...catalogue.en, ...booking.en, ...qualification.en, ...operations.en };
