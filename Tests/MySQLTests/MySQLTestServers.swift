import Foundation
import TestSupport

@testable import MySQL

/// The MariaDB and mysql-mimic servers started by scripts/services/mariadb.sh and mysql-mimic.sh.
enum MySQLTestServers {
    static var mariaDBAvailable: Bool {
        TestEnvironment.available("PIPELINE_MYSQL_PORT", "PIPELINE_MYSQL_CA", "PIPELINE_MYSQL_PASSWORD")
    }
    static var mimicAvailable: Bool {
        TestEnvironment.available("PIPELINE_MIMIC_PORT", "PIPELINE_MIMIC_CA", "PIPELINE_MIMIC_SHA2_PASSWORD")
    }

    static func env(_ name: String) throws -> String {
        guard let value = TestEnvironment.service(name) else {
            throw MySQLError.unsupported("\(name) is not set: start scripts/services/mariadb.sh and mysql-mimic.sh")
        }
        return value
    }

    /// The `app` account (mysql_native_password) on MariaDB, TLS verified against the test CA.
    static func mariaDB(
        host: String = "127.0.0.1", tls: MySQLConnectionConfiguration.TLSMode? = nil, password: String? = nil
    ) throws -> MySQLConnectionConfiguration {
        MySQLConnectionConfiguration(
            host: host, port: Int(try env("PIPELINE_MYSQL_PORT"))!, user: try env("PIPELINE_MYSQL_USER"),
            password: try password ?? env("PIPELINE_MYSQL_PASSWORD"), database: try env("PIPELINE_MYSQL_DATABASE"),
            tls: try tls ?? .verified(caBundlePath: env("PIPELINE_MYSQL_CA")), timeoutSeconds: 20)
    }

    static func connectMariaDB() throws -> MySQLConnection { try MySQLConnection(try mariaDB()) }

    /// The `app` account offering CLIENT_LOCAL_FILES (the staged upsert method).
    static func mariaDBWithLocalInfile() throws -> MySQLConnectionConfiguration {
        var configuration = try mariaDB()
        configuration.localInfile = true
        return configuration
    }

    /// The second MariaDB, started with --local-infile=0, with CLIENT_LOCAL_FILES offered by the client.
    static func mariaDBWithoutLocalInfile() throws -> MySQLConnectionConfiguration {
        var configuration = try mariaDBWithLocalInfile()
        configuration.port = Int(try env("PIPELINE_MYSQL_NO_LOCAL_INFILE_PORT"))!
        return configuration
    }

    /// The proxy in front of MariaDB that renames the file a LOAD DATA LOCAL asks for (no TLS to the proxy).
    static func renamingProxy() throws -> MySQLConnectionConfiguration {
        var configuration = try mariaDBWithLocalInfile()
        configuration.port = Int(try env("PIPELINE_MYSQL_RENAMING_PROXY_PORT"))!
        configuration.tls = .disabled
        return configuration
    }

    /// The same proxy's port that cuts the connection when the server asks for the file.
    static func droppingProxy() throws -> MySQLConnectionConfiguration {
        var configuration = try renamingProxy()
        configuration.port = Int(try env("PIPELINE_MYSQL_DROPPING_PROXY_PORT"))!
        return configuration
    }

    /// The mysql-mimic oracle (caching_sha2_password).
    static func mimic(user: String? = nil, password: String? = nil, tls: MySQLConnectionConfiguration.TLSMode? = nil)
        throws -> MySQLConnectionConfiguration
    {
        MySQLConnectionConfiguration(
            host: "127.0.0.1", port: Int(try env("PIPELINE_MIMIC_PORT"))!, user: try user ?? env("PIPELINE_MIMIC_SHA2_USER"),
            password: try password ?? env("PIPELINE_MIMIC_SHA2_PASSWORD"),
            tls: try tls ?? .verified(caBundlePath: env("PIPELINE_MIMIC_CA")), timeoutSeconds: 20)
    }

    /// A table name no other test uses.
    static func uniqueTable(_ stem: String) -> String {
        "\(stem)_\(UInt32.random(in: 0...UInt32.max))"
    }
}
