import AWS
import DataContracts

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The contracts of the configured routes, loaded once per container: bundled files once, S3 objects again
/// whenever their ETag changes (one HEAD per use). A contract that does not load is remembered by ETag too, so
/// a broken contract is reported on every file without being re-parsed each time.
actor ContractCatalog {
    struct Loaded: Sendable {
        var contract: DataContract
        var location: String
        var eTag: String?
    }

    private let s3: S3Client
    private let directory: String
    private var cache: [String: (eTag: String?, result: Result<Loaded, ContractError>)] = [:]

    init(s3: S3Client, directory: String) {
        self.s3 = s3
        self.directory = directory
    }

    /// The contract at `location`, or the `ContractError` that says why it cannot be used. AWS failures
    /// (throttling, outages) are thrown: they are worth a retry, unlike a broken contract.
    func contract(at location: S3ValidationConfiguration.ContractLocation) async throws(AWSError) -> Result<Loaded, ContractError> {
        let name = location.description
        switch location {
        case .bundled(let file):
            if let cached = cache[name] { return cached.result }
            let path = directory + "/" + file
            let result: Result<Loaded, ContractError>
            if let data = FileManager.default.contents(atPath: path) {
                result = Self.parse(String(decoding: data, as: UTF8.self), name: name, eTag: nil)
            } else {
                result = .failure(ContractError(contract: name, line: 0, rule: "document", message: "no bundled contract at \(path)"))
            }
            cache[name] = (nil, result)
            return result
        case .s3(let bucket, let key):
            let info: S3ObjectInfo
            do {
                info = try await s3.headObject(bucket: bucket, key: key)
            } catch {
                guard error.isNotFound else { throw error }
                return .failure(ContractError(contract: name, line: 0, rule: "document", message: "the contract object does not exist"))
            }
            if let cached = cache[name], cached.eTag != nil, cached.eTag == info.eTag { return cached.result }
            let object = try await s3.getObject(bucket: bucket, key: key)
            let result = Self.parse(String(decoding: object.body, as: UTF8.self), name: name, eTag: object.info.eTag)
            cache[name] = (object.info.eTag, result)
            return result
        }
    }

    static func parse(_ text: String, name: String, eTag: String?) -> Result<Loaded, ContractError> {
        do {
            return .success(Loaded(contract: try ContractLoader.load(yaml: text, name: name), location: name, eTag: eTag))
        } catch {
            return .failure(error)
        }
    }
}
