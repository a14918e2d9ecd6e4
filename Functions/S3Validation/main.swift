// S3Validation: validates each file uploaded under INCOMING_PREFIX against its data contract, then moves it to
// validated/ or quarantine/ with a report, and announces the result on SNS and EventBridge.
import AWS
import CGlibcCompat
import Decompression
import LambdaRuntime

_ = cglibccompat_linked()
await LambdaRuntime.run(bytes: { initialization in
    // Which library inflates gzip inputs (ISA-L from the package's lib/, or zlib and why).
    initialization.logger.info(GzipInflateBackend.description)
    let configuration = try S3ValidationConfiguration(environment: initialization.environment)
    let aws = try initialization.environment.settings("AWS configuration") { try AWSConfiguration.fromEnvironment($0) }
    let http = initialization.http.client
    return S3ValidationHandler(
        configuration: configuration, s3: S3Client(configuration: aws, http: http),
        sns: configuration.topicARN == nil ? nil : SNSClient(configuration: aws, http: http),
        eventBridge: configuration.eventBusName == nil ? nil : EventBridgeClient(configuration: aws, http: http))
})
