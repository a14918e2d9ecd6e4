import Testing

@testable import AWS

@Suite struct RDSAuthTokenTests {
    @Test func matchesBotocoresToken() throws {
        let date = try #require(AWSDateFormat.parseAmzDate("20240115T120000Z"))
        let token = try RDSAuthToken.generate(
            host: "mydb.cluster-abc123.us-east-1.rds.amazonaws.com", port: 5432, user: "iam_user", region: "us-east-1",
            credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "EXAMPLESESSIONTOKEN"),
            date: date)
        #expect(token == "mydb.cluster-abc123.us-east-1.rds.amazonaws.com:5432/?Action=connect&DBUser=iam_user&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20240115%2Fus-east-1%2Frds-db%2Faws4_request&X-Amz-Date=20240115T120000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Security-Token=EXAMPLESESSIONTOKEN&X-Amz-Signature=b184807617fcc9cd13bfa95a13b38678aa32a508428665955f5024931897cb44")
    }

    @Test func rejectsBadInput() {
        let credentials = AWSCredentials(accessKeyID: "a", secretAccessKey: "b")
        #expect(throws: AWSError.self) {
            try RDSAuthToken.generate(host: "db/evil", port: 3306, user: "u", region: "us-east-1", credentials: credentials, date: .now)
        }
        #expect(throws: AWSError.self) {
            try RDSAuthToken.generate(host: "db", port: 0, user: "u", region: "us-east-1", credentials: credentials, date: .now)
        }
    }
}

import Foundation
