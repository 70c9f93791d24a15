import CabildoText
import CSodium
import Foundation

/// libsodium: Argon2id password hashes, and SHA-256 and HMAC-SHA-256 for the audit chain.
enum Crypto {
    private static let ready: Bool = sodium_init() >= 0

    static func sha256Hex(_ text: String) -> String {
        precondition(ready, "libsodium failed to initialise")
        var digest = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        let bytes = Array(text.utf8)
        _ = crypto_hash_sha256(&digest, bytes, UInt64(bytes.count))
        return hex(digest)
    }

    /// HMAC-SHA-256 of `text` under a 32-byte key, as lowercase hex.
    static func hmacSHA256Hex(_ text: String, key: [UInt8]) -> String {
        precondition(ready, "libsodium failed to initialise")
        precondition(key.count == Int(crypto_auth_hmacsha256_KEYBYTES))
        var mac = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        let bytes = Array(text.utf8)
        _ = crypto_auth_hmacsha256(&mac, bytes, UInt64(bytes.count), key)
        return hex(mac)
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        precondition(ready, "libsodium failed to initialise")
        var bytes = [UInt8](repeating: 0, count: count)
        randombytes_buf(&bytes, count)
        return bytes
    }

    private static let digits = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
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
