import Foundation
import Testing

@testable import GA4

@Suite struct GoogleRPCStatusTests {
    @Test func decodesTheRESTEnvelope() {
        let status = GoogleRPCStatus.decode(body: Data(SampleResponses.permissionDenied.utf8), httpStatus: 403)
        #expect(status.code == 403)
        #expect(status.status == "PERMISSION_DENIED")
        #expect(status.message.hasPrefix("User does not have sufficient permissions for this property."))
    }

    @Test func decodesABareStatusFromAClientLibrary() {
        let status = GoogleRPCStatus.decode(body: Data(SampleResponses.incompatibleGRPC.utf8), httpStatus: 400)
        #expect(status.code == 3)
        #expect(status.status == "INVALID_ARGUMENT")
        #expect(status.message.contains("Please remove itemListClickEvents"))
    }

    @Test func keepsFieldViolationsAndReasons() {
        let body = """
            {"error":{"code":400,"message":"Invalid JSON payload received.","status":"INVALID_ARGUMENT","details":[
              {"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"dateRange","description":"Unknown name"}]},
              {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT"}]}}
            """
        let status = GoogleRPCStatus.decode(body: Data(body.utf8), httpStatus: 400)
        #expect(status.fieldViolations == [.init(field: "dateRange", description: "Unknown name")])
        #expect(status.reasons == ["ACCESS_TOKEN_SCOPE_INSUFFICIENT"])
        #expect(status.description == "INVALID_ARGUMENT: Invalid JSON payload received. (dateRange: Unknown name)")
    }

    @Test func describesANonJSONBody() {
        let status = GoogleRPCStatus.decode(body: Data("<html>Bad Gateway</html>".utf8), httpStatus: 502)
        #expect(status.code == 502)
        #expect(status.message == "<html>Bad Gateway</html>")
    }
}
