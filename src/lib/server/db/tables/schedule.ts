// Tables of one capability, declared by its migration. Joined into Database in ../schema.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ScheduleTables {}
