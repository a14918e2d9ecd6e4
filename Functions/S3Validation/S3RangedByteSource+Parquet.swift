import AWS
import Parquet

/// The ranged S3 reader already has the byte-source shape; the Parquet reader reads uploads through it.
extension S3RangedByteSource: ParquetByteSource {}
