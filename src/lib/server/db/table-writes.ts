// Which tables this process has written, as version numbers, for per-process caches that must
// forget an entry the moment its source rows change here (the credential cache in auth/). A Kysely
// plugin sees every statement sent through the Db, so no write path can forget to invalidate.
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryId, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/** Kysely nodes are plain objects; only the fields read here. */
type Node = OperationNode & Record<string, unknown>;

function tableName(node: unknown): string | null {
	const n = node as Node | undefined;
	if (!n) return null;
	if (n.kind === 'AliasNode') return tableName(n.node);
	if (n.kind === 'TableNode') return ((n.table as Node).identifier as { name: string }).name;
	return null;
}

const RAW_WRITE = /\b(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from|replace\s+into|alter\s+table|drop\s+table(?:\s+if\s+exists)?|truncate(?:\s+table)?)\s+"?(\w+)"?/gi;

/** Tables a statement writes: the target of insert/update/delete/merge, or those named after a write verb in raw SQL. */
export function writtenTables(node: RootOperationNode): string[] {
	const n = node as unknown as Node;
	switch (n.kind) {
		case 'InsertQueryNode':
		case 'MergeQueryNode':
			return [tableName(n.into)].filter((t): t is string => t !== null);
		case 'UpdateQueryNode':
			return [tableName(n.table)].filter((t): t is string => t !== null);
		case 'DeleteQueryNode':
			return ((n.from as Node | undefined)?.froms as unknown[] | undefined ?? []).map(tableName).filter((t): t is string => t !== null);
		case 'RawNode': {
			const text = (n.sqlFragments as readonly string[]).join(' ');
			return [...text.matchAll(RAW_WRITE)].map((m) => m[1]);
		}
		default:
			return [];
	}
}

/**
 * Bumped by every write any TableWrites records in this process (and after each commit, see
 * bumpSince): a value memoised against it is known to predate no write of this process.
 */
let generation = 0;
export function processWriteGeneration(): number {
	return generation;
}

export class TableWrites {
	readonly #versions = new Map<string, number>();
	/** per table, the sequence number of its last recorded write */
	readonly #lastWrite = new Map<string, number>();
	#sequence = 0;
	readonly #pending = new WeakMap<QueryId, string[]>();

	/** A number that changes whenever this process writes one of the tables. */
	version(tables: readonly string[]): number {
		let sum = 0;
		for (const t of tables) sum += this.#versions.get(t) ?? 0;
		return sum;
	}

	/** A mark to pass to bumpSince when the transaction begun now has committed. */
	mark(): number {
		return this.#sequence;
	}

	/**
	 * After a commit: bumps again every table written since mark. A reader on another connection
	 * (PostgreSQL) may have read and cached the old rows between the write and its commit.
	 */
	bumpSince(mark: number): void {
		if (this.#sequence === mark) return;
		generation++;
		for (const [table, at] of this.#lastWrite) if (at > mark) this.#versions.set(table, (this.#versions.get(table) ?? 0) + 1);
	}

	#record(tables: readonly string[]): void {
		this.#sequence++;
		generation++;
		for (const t of tables) {
			this.#versions.set(t, (this.#versions.get(t) ?? 0) + 1);
			this.#lastWrite.set(t, this.#sequence);
		}
	}

	/** The plugin to give Kysely: bumps a written table when the statement is sent and again when it returns (autocommit). */
	readonly plugin: KyselyPlugin = {
		transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => {
			const tables = writtenTables(args.node);
			if (tables.length > 0) {
				this.#record(tables);
				this.#pending.set(args.queryId, tables);
			}
			return args.node;
		},
		transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => {
			const tables = this.#pending.get(args.queryId);
			if (tables) {
				this.#pending.delete(args.queryId);
				this.#record(tables);
			}
			return args.result;
		}
	};
}
