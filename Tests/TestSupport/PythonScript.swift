import Foundation

/// Runs one of the project's Python test harnesses (scripts/…) with the package's virtual environment, from the
/// package root, and returns what it printed; a non-zero exit throws with the script's error output.
public enum PythonScript {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func run(_ script: String, _ arguments: [String]) throws -> Data {
        let venvPython = TestEnvironment.packageRoot.appendingPathComponent(".venv/bin/python").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: venvPython) ? venvPython : "/usr/bin/python3")
        process.currentDirectoryURL = TestEnvironment.packageRoot
        process.arguments = [TestEnvironment.packageRoot.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both pipes while the script runs, so neither can fill up and stall it.
        nonisolated(unsafe) var errorData = Data()
        let errorReader = Thread { errorData = errors.fileHandleForReading.readDataToEndOfFile() }
        errorReader.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorReader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(script) failed: \(String(decoding: errorData, as: UTF8.self).suffix(3000))")
        }
        return data
    }
}
