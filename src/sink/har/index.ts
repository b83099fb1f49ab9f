// HAR 1.2 export: entry conversion and the streaming writer.

export { exchangeToHarEntry, isHarRepresentable, type HarOptions } from './convert-exchange.js';
export { HarWriter, type HarWriterOptions } from './har-writer.js';
export { readPackageIdentity, PACKAGE_NAME, type PackageIdentity } from './read-creator.js';
export type * from './har-types.js';
