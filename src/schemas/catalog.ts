// TypeBox schemas for the versioned catalog: the data files under catalog/<version>/ are
// validated against these at start-up, and the same schemas describe the catalog routes'
// responses in the OpenAPI document. Units are in the field names; 1 GB = 1e9 bytes.
// One file per entry kind under catalog/; this file only re-exports them.
export * from './catalog/common.js'
export * from './catalog/model.js'
export * from './catalog/hardware.js'
export * from './catalog/precision.js'
export * from './catalog/engine.js'
export * from './catalog/files.js'
