import CabildoText
import CSodium
import Foundation

/// libsodium: Argon2id password hashes and SHA-256 for the audit chain.
enum Crypto {
    private static let ready: Bool = sodium_init() >= 0

    static func sha256Hex(_ text: String) -> String {
        precondition(ready, "libsodium failed to initialise")
        var digest = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        let bytes = Array(text.utf8)
        _ = crypto_hash_sha256(&digest, bytes, UInt64(bytes.count))
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Argon2id, libsodium's interactive limits, encoded with its salt and parameters.
    static func hashPassword(_ password: String) throws(CabildoError) -> String {
        precondition(ready, "libsodium failed to initialise")
        var out = [CChar](repeating: 0, count: Int(crypto_pwhash_STRBYTES))
        let bytes = Array(password.utf8CString.dropLast())
        let status = crypto_pwhash_str_alg(
            &out, bytes, UInt64(bytes.count),
            UInt64(crypto_pwhash_opslimit_interactive()), crypto_pwhash_memlimit_interactive(),
            crypto_pwhash_ALG_ARGON2ID13)
        guard status == 0 else {
            throw CabildoError(.storage, Message("Not enough memory to protect the password"))
        }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func verifyPassword(_ password: String, hash: String) -> Bool {
        precondition(ready, "libsodium failed to initialise")
        let bytes = Array(password.utf8CString.dropLast())
        return hash.withCString { crypto_pwhash_str_verify($0, bytes, UInt64(bytes.count)) == 0 }
    }
}
