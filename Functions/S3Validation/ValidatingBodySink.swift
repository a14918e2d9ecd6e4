import DataContracts
import HTTP

/// Streams a GET body straight into a `FileValidation`: nothing of the object is kept beyond the
/// decompressor's and reader's buffers.
///
/// `@unchecked Sendable`: the HTTP client calls `write` from its transfer thread, one call at a time for one
/// transfer, and the handler only reads the validation after the transfer finished.
final class ValidatingBodySink: HTTPResponseBodySink, @unchecked Sendable {
    let validation: FileValidation
    private(set) var bytes: Int64 = 0

    init(validation: FileValidation) { self.validation = validation }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        bytes += Int64(chunk.count)
        validation.write(chunk)
    }
}
