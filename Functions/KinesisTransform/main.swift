// KinesisTransform: web events from a Kinesis stream into hourly Snappy Parquet in S3.
import AWS
import CGlibcCompat
import LambdaRuntime

_ = cglibccompat_linked()
await LambdaRuntime.run { initialization in
    let configuration = try KinesisTransformConfiguration(environment: initialization.environment)
    let aws = try initialization.environment.settings("AWS configuration") { try AWSConfiguration.fromEnvironment($0) }
    return KinesisTransformHandler(
        configuration: configuration,
        s3: S3Client(configuration: aws, http: initialization.http.client),
        sns: SNSClient(configuration: aws, http: initialization.http.client))
}
