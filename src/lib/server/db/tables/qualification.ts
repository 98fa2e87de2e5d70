// Tables of the qualification-recognition capability (资质互认). Filled in by its migration.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface QualificationTables {}
