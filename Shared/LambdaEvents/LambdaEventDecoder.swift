#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONText

/// Decodes an invocation payload into one of the event models and reports failures with the path of the
/// field that failed, so a bad event can be named in the log. Models that read themselves from the bytes
/// (`JSONBytesDecodable`) do so; the rest go through `JSONDecoder`.
public enum LambdaEventDecoder {
    public static func decode<Event: Decodable>(
        _ type: Event.Type, from payload: Data
    ) throws(LambdaEventDecodingError) -> Event {
        if let readable = type as? any JSONBytesDecodable.Type {
            let result = payload.withUnsafeBytes { raw in
                Result { () throws(JSONFieldError) in try readable.init(jsonBytes: raw.bindMemory(to: UInt8.self)) }
            }
            switch result {
            case .success(let event): return event as! Event
            case .failure(let error):
                throw LambdaEventDecodingError(eventType: String(describing: type), path: error.path, reason: error.reason)
            }
        }
        do {
            return try JSONDecoder().decode(type, from: payload)
        } catch let error as DecodingError {
            throw LambdaEventDecodingError(eventType: String(describing: type), decodingError: error)
        } catch {
            throw LambdaEventDecodingError(eventType: String(describing: type), path: "", reason: "\(error)")
        }
    }

    public static func decode<Event: Decodable>(
        _ type: Event.Type, from payload: [UInt8]
    ) throws(LambdaEventDecodingError) -> Event {
        try decode(type, from: Data(payload))
    }
}
