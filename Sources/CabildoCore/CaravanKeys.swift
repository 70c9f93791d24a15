import CabildoText
import Foundation

/// The server's caravan keys, in `<database>.caravan-key` beside it (0600):
/// a sealed-box key pair (laptops seal citizens' contact data to its public
/// half; only the server opens it) and an Ed25519 key pair that signs kits.
public struct CaravanServerKeys: Sendable {
    let boxPublic: [UInt8]
    let boxSecret: [UInt8]
    let signPublic: [UInt8]
    let signSecret: [UInt8]

    public static func path(forDatabase path: String) -> String { path + ".caravan-key" }

    /// What `cabildo keys` shows and a kit carries: both public halves.
    public var publicKey: String { CaravanPublicKey(box: boxPublic, sign: signPublic).text }
    public var fingerprint: String { String(Crypto.sha256Hex(publicKey).prefix(16)) }

    /// The keys of the database at `databasePath`; made when `create` and there are none yet.
    /// Nil when there are none and `create` is false.
    public static func forDatabase(at databasePath: String, create: Bool) throws -> CaravanServerKeys? {
        let path = path(forDatabase: databasePath)
        switch OwnerOnlyFile.read(path) {
        case .missing:
            guard create else { return nil }
            let box = Crypto.boxKeyPair(), sign = Crypto.signKeyPair()
            let keys = CaravanServerKeys(boxPublic: box.public, boxSecret: box.secret, signPublic: sign.public,
                                         signSecret: sign.secret)
            let text = [box.public, box.secret, sign.public, sign.secret].map(Crypto.hex).joined(separator: "\n") + "\n"
            if let code = OwnerOnlyFile.create(path, text: text) { throw keyFileError(path, .failed(code)) }
            return keys
        case .text(let text):
            let parts = text.split(separator: "\n").map { Crypto.bytes(hex: String($0)) }
            guard parts.count == 4, let bp = parts[0], let bs = parts[1], let sp = parts[2], let ss = parts[3],
                  bp.count == 32, bs.count == 32, sp.count == 32, ss.count == 64 else {
                throw CabildoError(.storage, Message("The caravan key file {path} is damaged; restore it from the backup kept with the database.",
                                                     ["path": .text(path)]))
            }
            return CaravanServerKeys(boxPublic: bp, boxSecret: bs, signPublic: sp, signSecret: ss)
        case let other:
            throw keyFileError(path, other)
        }
    }

    static func keyFileError(_ path: String, _ reading: OwnerOnlyFile.Reading) -> CabildoError {
        switch reading {
        case .link:
            CabildoError(.storage, Message("The key file {path} is a symbolic link; Cabildo does not follow it.",
                                           ["path": .text(path)]))
        case .readableByOthers(let mode):
            CabildoError(.storage, Message(
                "The key file {path} can be read by other users (permissions {mode}); it must be readable only by its owner. Run: chmod 600 {path}",
                ["path": .text(path), "mode": .text(mode)]))
        case .failed(let code):
            CabildoError(.storage, Message("Cannot read or write the key file {path}: {reason}",
                                           ["path": .text(path), "reason": .text(String(cString: strerror(code)))]))
        default:
            CabildoError(.storage, Message("The key file {path} is not a regular file.", ["path": .text(path)]))
        }
    }

    func openSealed(_ box: [UInt8]) -> [UInt8]? { Crypto.open(sealed: box, publicKey: boxPublic, secretKey: boxSecret) }
    func sign(_ text: String) -> String { Crypto.sign(text, secretKey: signSecret) }
}

/// A server's public caravan key as text: `cabildo-caravan-1:BOX:SIGN` (hex).
struct CaravanPublicKey: Equatable {
    let box: [UInt8]
    let sign: [UInt8]
    var text: String { "cabildo-caravan-1:\(Crypto.hex(box)):\(Crypto.hex(sign))" }
    var signHex: String { Crypto.hex(sign) }

    init(box: [UInt8], sign: [UInt8]) { self.box = box; self.sign = sign }

    init?(_ text: String) {
        let parts = text.split(separator: ":").map(String.init)
        guard parts.count == 3, parts[0] == "cabildo-caravan-1", let box = Crypto.bytes(hex: parts[1]),
              let sign = Crypto.bytes(hex: parts[2]), box.count == 32, sign.count == 32 else { return nil }
        self.box = box; self.sign = sign
    }
}

/// A jornada's signing key, made on the laptop when the jornada opens, in
/// `<laptop database>.jornada-key` (0600); its public half goes in the bundle.
struct JornadaKey {
    let publicKey: [UInt8]
    let secretKey: [UInt8]

    static func path(forDatabase path: String) -> String { path + ".jornada-key" }

    static func forDatabase(at databasePath: String, create: Bool) throws -> JornadaKey? {
        let path = path(forDatabase: databasePath)
        switch OwnerOnlyFile.read(path) {
        case .missing:
            guard create else { return nil }
            let pair = Crypto.signKeyPair()
            if let code = OwnerOnlyFile.create(path, text: Crypto.hex(pair.public) + "\n" + Crypto.hex(pair.secret) + "\n") {
                throw CaravanServerKeys.keyFileError(path, .failed(code))
            }
            return JornadaKey(publicKey: pair.public, secretKey: pair.secret)
        case .text(let text):
            let parts = text.split(separator: "\n").map { Crypto.bytes(hex: String($0)) }
            guard parts.count == 2, let pk = parts[0], let sk = parts[1], pk.count == 32, sk.count == 64 else {
                throw CabildoError(.storage, Message("The jornada key {path} is damaged; the jornada cannot be signed.",
                                                     ["path": .text(path)]))
            }
            return JornadaKey(publicKey: pk, secretKey: sk)
        case let other:
            throw CaravanServerKeys.keyFileError(path, other)
        }
    }
}
