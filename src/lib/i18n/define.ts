/** Declares one group of messages: the English table must have exactly the Chinese table's keys. */
export function defineMessages<const Z extends Record<string, string>>(zh: Z, en: { [K in keyof Z]: string }) {
	return { zh, en };
}
