/// What `cabildo --version` says: this release, in one place, and the schema
/// it writes (its last migration; a file migrated past it is refused as newer).
public enum CabildoVersion {
    public static let release = "0.3.0"
    public static var schema: String { Schema.migrator.migrations.last ?? "" }
}
