// GA4Ingest: pulls Google Analytics 4 Data API reports for the configured properties and lands them in S3 as
// raw JSON and as typed Parquet, one object per report, property and day.
import AWS
import CGlibcCompat
import GA4
import LambdaRuntime

_ = cglibccompat_linked()
await LambdaRuntime.run { initialization in
    let configuration = try GA4IngestConfiguration(environment: initialization.environment)
    let aws = try initialization.environment.settings("AWS configuration") { try AWSConfiguration.fromEnvironment($0) }
    let http = initialization.http.client
    let s3 = S3Client(configuration: aws, http: http)
    let reports = try await configuration.reportSource.load(s3: s3)
    let logger = initialization.logger
    let secrets = SecretsManagerClient(configuration: aws, http: http)
    let google = GoogleAccess(
        secretARN: configuration.credentialsSecretARN, secrets: secrets, aws: aws,
        http: http, clientConfiguration: GA4DataClient.Configuration(baseURL: configuration.apiBaseURL),
        onEvent: { event in GA4ClientEventLog.log(event, logger: logger) })
    let glue = GlueClient(configuration: aws, http: http)
    let export = configuration.export.map { export in
        ExportIngest(
            configuration: configuration, export: export, s3: s3, google: google, secrets: secrets, http: http,
            catalog: configuration.glueDatabase.map { ExportPartitionCatalog(glue: glue, database: $0) },
            lambda: LambdaClient(configuration: aws, http: http), continuationFunction: export.continuationFunction)
    }
    return GA4IngestHandler(
        configuration: configuration, reports: reports, s3: s3, google: google,
        layout: LakeLayout(rawPrefix: configuration.rawPrefix, curatedPrefix: configuration.curatedPrefix),
        catalog: configuration.glueDatabase.map { ReportPartitionCatalog(glue: glue, database: $0) }, export: export)
}
