import CabildoCore
import CabildoText

/// A progress report with its evidence: links, one an item (Core names
/// their errors `links.N.evidence`), and documents one a line.
@MainActor
public enum ProgressForm {
    static let links: FieldKey = "links"

    public static func spec(_ commitmentId: Int64) -> FormSpec {
        FormSpec(title: Message("Report progress"), fields: [
            FieldSpec(Fields.summary, lines: 3),
            FieldSpec(links, Message("Links"), .group(item: Message("Link"), fields: [FieldSpec(Fields.evidenceReference)])),
            FieldSpec("documents", Message("Documents (one a line)"), .paragraphs(maxLength: 4_000, lines: 2)),
        ]) { v, session in
            let evidence = v.items(links, Fields.evidenceReference.key).map { (kind: EvidenceKind.link, reference: $0) }
                + Lines.split(v["documents"]).map { (kind: EvidenceKind.document, reference: $0) }
            _ = try session.database.recordProgressUpdate(commitmentId: commitmentId, milestoneId: nil,
                                                          summary: v["summary"] ?? "", evidence: evidence,
                                                          by: session.actor)
            return Message("Progress reported with {count} pieces of evidence.", ["count": .text(String(evidence.count))])
        }
    }
}
