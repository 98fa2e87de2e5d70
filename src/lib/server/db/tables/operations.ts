// Tables of the lab-manager operations capability (hours, closures, usage, samples, outbox…).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OperationsTables {}
