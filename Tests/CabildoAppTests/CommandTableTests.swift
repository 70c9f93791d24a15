import CabildoTestSupport
import CabildoApp
import CabildoCore
import Testing

@Suite struct CommandTableTests {
    @Test func everyCommandIsDeclaredOnceAndApplies() {
        let declared = CommandTable.entries.map(\.command)
        #expect(Set(declared).count == declared.count)
        #expect(Set(declared) == Set(Command.allCases))
        #expect(CommandTable.entries.allSatisfy { !$0.keys.isEmpty && !$0.contexts.isEmpty })
    }

    @Test func groupItemKeysNameTheirGroup() {
        let key = FieldKey("agreements").item(3, "text")
        #expect(key.rawValue == "agreements.3.text")
        #expect(key.groupItem?.group == "agreements")
        #expect(key.groupItem?.index == 3)
        #expect(key.groupItem?.field == "text")
        #expect(FieldKey("officialEmail").groupItem == nil)
    }
}
