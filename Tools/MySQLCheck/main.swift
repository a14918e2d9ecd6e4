// Checks that this host can reach a MySQL server the way MySQLUpsert does: TLS with the certificate and host name
// verified, login, one query. Prints one JSON line with the server version, the TLS version and the OpenSSL in use.
//
//   MySQLCheck <host> <port> <user> <password-env-var> <ca-file or ""> <database> [--libssl <path>]
//
// `--libssl` loads that libssl instead of the host's standard names (an OpenSSL shipped outside the system paths).
// The password is read from the named environment variable, never from the command line.
import MySQL

#if canImport(Glibc)
import Glibc
#endif

var args = Array(CommandLine.arguments.dropFirst())
var libssl: String?
if let flag = args.firstIndex(of: "--libssl"), flag + 1 < args.count {
    libssl = args[flag + 1]
    args.removeSubrange(flag...flag + 1)
}
guard args.count == 6, let port = Int(args[1]), let password = getenv(args[3]).map({ String(cString: $0) }) else {
    print("usage: MySQLCheck <host> <port> <user> <password-env-var> <ca-file or \"\"> <database> [--libssl <path>]")
    exit(2)
}

func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

do {
    if let libssl { try MySQLTLSLibrary.load(path: libssl) }
    let configuration = MySQLConnectionConfiguration(
        host: args[0], port: port, user: args[2], password: password, database: args[5],
        tls: .verified(caBundlePath: args[4].isEmpty ? nil : args[4]))
    let connection = try MySQLConnection(configuration)
    defer { connection.close() }
    let cipher = try connection.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'").rows.first?[1] ?? ""
    let generation = MySQLTLSLibrary.generation == .openSSL1_0_2 ? "1.0.2" : "1.1+"
    print(
        "{\"server\": \(jsonString(connection.serverVersion.text)), \"tls\": \(jsonString(connection.tlsVersion ?? "")), "
            + "\"cipher\": \(jsonString(cipher)), \"openssl\": \(jsonString(MySQLTLSLibrary.version ?? "")), "
            + "\"api\": \(jsonString(generation))}")
} catch {
    print("MySQLCheck: \(error)")
    exit(1)
}
