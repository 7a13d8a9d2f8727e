/**
 * The hard limits constructs enforce, from LAMBDA-FACTS.md (AWS documentation, 2025).
 * One table, so a limit that changes is changed in one place.
 */
export const LIMITS = {
  function: {
    memoryMinMb: 128,
    memoryMaxMb: 10_240,
    memoryDefaultMb: 128,
    timeoutMinSeconds: 1,
    timeoutMaxSeconds: 900,
    timeoutDefaultSeconds: 3,
    ephemeralMinMb: 512,
    ephemeralMaxMb: 10_240,
    ephemeralDefaultMb: 512,
    environmentMaxBytes: 4096,
    layersMax: 5,
    /** Default account concurrency (1,000) minus the 100 that must stay unreserved. */
    reservedConcurrencyMax: 900,
    maxEventAgeMinSeconds: 60,
    maxEventAgeMaxSeconds: 21_600,
  },
  alias: {
    additionalVersionsMax: 1,
  },
  layer: {
    compatibleRuntimesMax: 15,
  },
  queue: {
    visibilityMaxSeconds: 43_200,
    retentionMinSeconds: 60,
    retentionMaxSeconds: 1_209_600,
    deliveryDelayMaxSeconds: 900,
    receiveWaitMaxSeconds: 20,
    maxMessageMinBytes: 1024,
    maxMessageMaxBytes: 1_048_576,
    maxReceiveCountMin: 1,
    maxReceiveCountMax: 1000,
  },
  sqsMapping: {
    batchSizeMaxStandard: 10_000,
    batchSizeMaxFifo: 10,
    /** Above this batch size a standard queue mapping needs a batching window of at least 1 second. */
    batchSizeWithoutWindowMax: 10,
    batchingWindowMaxSeconds: 300,
    maxConcurrencyMin: 2,
    maxConcurrencyMax: 1000,
  },
  streamMapping: {
    batchSizeMax: 10_000,
    batchingWindowMaxSeconds: 300,
    retryAttemptsMax: 10_000,
    recordAgeMinSeconds: 60,
    recordAgeMaxSeconds: 604_800,
    parallelizationMin: 1,
    parallelizationMax: 10,
    tumblingWindowMaxSeconds: 900,
  },
  mapping: {
    filtersMax: 5,
  },
  stream: {
    retentionMinHours: 24,
    retentionMaxHours: 8760,
  },
  api: {
    integrationTimeoutMinMillis: 50,
    integrationTimeoutMaxMillis: 30_000,
  },
} as const;
