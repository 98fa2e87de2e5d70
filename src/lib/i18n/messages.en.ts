import { groups } from './messages.zh';
import type { MessageKey } from './messages.zh';

export const en = Object.assign({}, ...groups.map((g) => g.en)) as Record<MessageKey, string>;
