import CIsal

/// Which library inflates gzip: ISA-L when it loads (bundled in the zip's lib/ or installed), zlib otherwise.
/// Both give the same bytes and the same `DecompressionError` cases for the same input.
public enum GzipInflateBackend: String, Sendable, CaseIterable {
    case zlib
    case isal

    /// ISA-L when it loaded and passed its checks, else zlib.
    public static var preferred: GzipInflateBackend { isalLoaded ? .isal : .zlib }

    /// True once ISA-L loaded (tried on first use, once per process).
    public static var isalLoaded: Bool { isalLoad.loaded }

    /// One line for a function's start-up log: which inflate is used and, for zlib, why not ISA-L.
    public static var description: String {
        let load = isalLoad
        if load.loaded { return "gzip inflate: ISA-L \(String(cString: cisal_expected_version())) (\(load.detail))" }
        return "gzip inflate: zlib (\(load.detail))"
    }

    private static let isalLoad: (loaded: Bool, detail: String) = {
        var message = [CChar](repeating: 0, count: 512)
        if cisal_load(&message, message.count) == 0, let path = cisal_library_path() {
            return (true, String(cString: path))
        }
        return (false, String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }()

    func makeInflater() throws -> any GzipMemberInflater {
        switch self {
        case .zlib: try ZlibGzipInflater()
        case .isal: try IsalGzipInflater()
        }
    }
}
