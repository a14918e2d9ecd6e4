#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decodes an invocation payload into one of the event models and reports failures with the path of the
/// field that failed, so a bad event can be named in the log.
public enum LambdaEventDecoder {
    public static func decode<Event: Decodable>(
        _ type: Event.Type, from payload: Data
    ) throws(LambdaEventDecodingError) -> Event {
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
