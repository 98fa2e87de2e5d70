// Turns { code, params } problems from the rules into translated sentences.
import type { MessageKey, Translate } from './locale';

export interface CodedProblem {
	code: string;
	params?: Record<string, string | number>;
}

export function problemMessage(t: Translate, p: CodedProblem): string {
	const key = `problem.${p.code}` as MessageKey;
	const text = t(key, p.params);
	return text === key ? p.code : text;
}

export function translateProblems(t: Translate, problems: CodedProblem[]) {
	return problems.map((p) => ({ code: p.code, params: p.params ?? {}, message: problemMessage(t, p) }));
}
