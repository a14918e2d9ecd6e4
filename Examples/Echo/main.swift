// Echo: the example function that proves the runtime end to end (local invoke, emulator tests, cold-start
// and invocation-overhead benchmarks). It is not part of the pipeline.
import LambdaRuntime

await LambdaRuntime.run { initialization in
    try EchoHandler(configuration: EchoConfiguration(environment: initialization.environment))
}
