import AWS

/// Uploads `count` copies of one file under distinct keys, the way the options say, and reports what went up.
struct UploadRun {
    let s3: S3Client
    let options: BenchOptions
    let objectSize: Int64

    struct Outcome: Sendable {
        var objects = 0
        var bytes: Int64 = 0
        /// Objects that went up in parts, and how many parts in all.
        var multipartObjects = 0
        var parts = 0
    }

    func key(_ index: Int) -> String { "\(options.keyPrefix)\(index)" }

    func run() async throws(AWSError) -> Outcome {
        switch options.phase {
        case .small: return try await uploadConcurrently()
        case .large: return try await uploadOneAfterAnother()
        }
    }

    /// `concurrency` objects in flight at a time; each below the threshold goes up in one PutObject.
    private func uploadConcurrently() async throws(AWSError) -> Outcome {
        let body = S3Body.file(path: options.file)
        do {
            return try await withThrowingTaskGroup(of: S3PutObjectOutput.self) { group in
                var outcome = Outcome()
                var next = 0
                func start() {
                    let key = key(next)
                    next += 1
                    group.addTask { [s3, options] in try await s3.upload(bucket: options.bucket, key: key, body: body) }
                }
                while next < min(options.count, options.concurrency) { start() }
                while let output = try await group.next() {
                    record(output, in: &outcome)
                    if next < options.count { start() }
                }
                return outcome
            }
        } catch let error as AWSError {
            throw error
        } catch {
            throw AWSError(kind: .transport, service: "S3", operation: "PutObject", code: "Cancelled", message: "\(error)")
        }
    }

    /// One object at a time; the client splits each into parts and keeps `concurrency` parts in flight.
    private func uploadOneAfterAnother() async throws(AWSError) -> Outcome {
        var outcome = Outcome()
        for index in 0..<options.count {
            let output = try await s3.upload(bucket: options.bucket, key: key(index), body: .file(path: options.file))
            record(output, in: &outcome)
        }
        return outcome
    }

    private func record(_ output: S3PutObjectOutput, in outcome: inout Outcome) {
        outcome.objects += 1
        outcome.bytes += objectSize
        if output.partCount > 0 {
            outcome.multipartObjects += 1
            outcome.parts += output.partCount
        }
    }
}
