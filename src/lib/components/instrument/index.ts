// Instrument-admin components other pages include: freshness badge, photo, history.
export { default as FreshnessBadge } from './FreshnessBadge.svelte';
export { default as InstrumentHistory } from './InstrumentHistory.svelte';
export { default as InstrumentPhoto } from './InstrumentPhoto.svelte';
export { default as AuditTable } from './AuditTable.svelte';
