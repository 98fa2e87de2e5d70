// The sample-testing (送样检测) lifecycle: which step may follow which, and who takes it.

export const SAMPLE_STATUSES = ['submitted', 'accepted', 'rejected', 'received', 'testing', 'reported', 'cancelled'] as const;
export type SampleStatusName = (typeof SAMPLE_STATUSES)[number];

/** The manager's forward steps; 'rejected' only from submitted, 'cancelled' is the requester's. */
const NEXT: Record<SampleStatusName, SampleStatusName[]> = {
	submitted: ['accepted', 'rejected', 'cancelled'],
	accepted: ['received', 'cancelled'],
	received: ['testing'],
	testing: ['reported'],
	rejected: [],
	reported: [],
	cancelled: []
};

/** True when `to` may follow `from`. */
export function canMoveSample(from: SampleStatusName, to: SampleStatusName): boolean {
	return NEXT[from].includes(to);
}

/** The instrument time may be (re)scheduled while the request is accepted, received or in testing. */
export function canScheduleSample(status: SampleStatusName): boolean {
	return status === 'accepted' || status === 'received' || status === 'testing';
}

export const MAX_RESULT_BYTES = 20 * 1024 * 1024;
export const MAX_SAMPLE_COUNT = 1000;
