/// One compression format's streaming decoder: compressed chunks in, decompressed chunks out through `emit`.
/// Each concrete decoder continues across members/frames/streams and reports where the input went wrong.
protocol StreamDecoder: AnyObject {
    /// Decodes all of `input`. `emit` receives each produced chunk; the buffer is only valid during the call.
    func decode(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws
    /// Called after the last chunk: throws when the input stopped inside a member/frame/stream.
    func finish() throws
}

/// Size of each decoder's output buffer: large enough to amortise the per-call cost, small enough for the cache.
let decodedChunkSize = 256 << 10
