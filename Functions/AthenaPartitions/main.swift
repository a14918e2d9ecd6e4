// AthenaPartitions: registers the partitions of new S3 objects in the Glue catalog (Athena DDL or Glue API).
import AWS
import CGlibcCompat
import LambdaRuntime

_ = cglibccompat_linked()
await LambdaRuntime.run(bytes: { initialization in
    let configuration = try AthenaPartitionsConfiguration(environment: initialization.environment)
    let aws = try initialization.environment.settings("AWS configuration") { try AWSConfiguration.fromEnvironment($0) }
    let http = initialization.http.client
    let registrar: any PartitionRegistrar
    switch configuration.registrar {
    case .athena:
        registrar = AthenaPartitionRegistrar(
            athena: AthenaClient(configuration: aws, http: http), database: configuration.database,
            bucket: configuration.bucket,
            context: AthenaQueryContext(database: configuration.database, workGroup: configuration.workGroup,
                                        outputLocation: configuration.outputLocation),
            polling: PollingPolicy(interval: .milliseconds(250), maxInterval: .seconds(2),
                                   timeout: .seconds(configuration.athenaTimeoutSeconds)))
    case .glue:
        registrar = GluePartitionRegistrar(
            glue: GlueClient(configuration: aws, http: http), database: configuration.database, bucket: configuration.bucket)
    }
    return AthenaPartitionsHandler(configuration: configuration, registrar: registrar)
})
