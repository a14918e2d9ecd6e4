import Foundation
import Testing

@testable import AWS

@Suite struct XMLTreeTests {
    @Test func parsesAnS3ListingWithEntitiesAndNamespaces() throws {
        let xml = #"""
        <?xml version="1.0" encoding="UTF-8"?>
        <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><!-- comment --><Name>b</Name>
          <Contents><Key>a &amp; b &lt;c&gt; &#233;&#x20AC;</Key><ETag>&quot;abc&quot;</ETag><Size>12</Size></Contents>
          <Contents><Key><![CDATA[raw <cdata> & text]]></Key><Size/></Contents>
          <s3:Prefixed xmlns:s3="x" attr='v &apos;q&apos;'>p</s3:Prefixed>
        </ListBucketResult>
        """#
        let root = try XMLElement.parse(Data(xml.utf8))
        #expect(root.name == "ListBucketResult")
        #expect(root.attributes["xmlns"] == "http://s3.amazonaws.com/doc/2006-03-01/")
        let contents = root.children("Contents")
        #expect(contents.count == 2)
        #expect(contents[0].text(of: "Key") == "a & b <c> é€")
        #expect(contents[0].text(of: "ETag") == "\"abc\"")
        #expect(contents[1].text(of: "Key") == "raw <cdata> & text")
        #expect(contents[1].text(of: "Size") == "")
        #expect(root.child("Prefixed")?.attributes["attr"] == "v 'q'")
    }

    @Test func rejectsMalformedDocumentsAndDoctypes() {
        #expect(throws: XMLParseError.self) { try XMLElement.parse(Data("<a><b></a>".utf8)) }
        #expect(throws: XMLParseError.self) { try XMLElement.parse(Data("<a>".utf8)) }
        #expect(throws: XMLParseError.self) { try XMLElement.parse(Data("<a>&bogus;</a>".utf8)) }
        #expect(throws: XMLParseError.self) {
            try XMLElement.parse(Data(#"<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>"#.utf8))
        }
        #expect(throws: XMLParseError.self) { try XMLElement.parse(Data("<a/><b/>".utf8)) }
    }

    @Test func escapesText() {
        #expect(xmlEscape(#"a&b<c>"d"'e'"#) == "a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;")
    }
}
