import Foundation
import Testing
import WasmInspection

/// Modules no toolchain here produces: TinyGo's imports, SIMD code, and the native-binary build-info blob
/// in both layouts (so the parser handles it wherever a Go linker puts it).
@Suite(.serialized) final class HandcraftedModuleTests {
    typealias B = WasmModuleBuilder

    @Test func tinyGoImportsAreRecognised() throws {
        var module = B()
        let ticks = module.addType([], [0x7C])
        let valueGet = module.addType([0x7F, 0x7E, 0x7F, 0x7F], [])
        module.importFunction("gojs", "runtime.ticks", type: ticks)
        module.importFunction("gojs", "syscall/js.valueGet", type: valueGet)
        let report = try WasmInspector.inspect(bytes: module.build())
        #expect(report.kind == .tinyGoJS)
        #expect(report.imports.map(\.type) == ["() -> (f64)", "(i32, i64, i32, i32) -> ()"])

        var wasi = B()
        wasi.importFunction("wasi_snapshot_preview1", "fd_write", type: wasi.addType([0x7F, 0x7F, 0x7F, 0x7F], [0x7F]))
        wasi.customSections.append(
            ("producers", B.vector([B.name("processed-by") + B.vector([B.name("TinyGo") + B.name("0.39.0")])])))
        #expect(try WasmInspector.inspect(bytes: wasi.build()).kind == .tinyGoWASI)
    }

    @Test func featureScanFindsEachProposal() throws {
        let cases: [(code: [UInt8], feature: String?)] = [
            ([0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0A, 0x00, 0x00], "bulk-memory"),  // memory.copy
            ([0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0B, 0x00], "bulk-memory"),  // memory.fill
            ([0x41, 0x05, 0xC0, 0x1A], "sign-extension"),  // i32.extend8_s; drop
            ([0x44] + [UInt8](repeating: 0, count: 8) + [0xFC, 0x02, 0x1A], "saturating-conversions"),  // i32.trunc_sat_f64_s
            ([0xFD, 0x0C] + [UInt8](repeating: 1, count: 16) + [0x1A], "simd"),  // v128.const; drop
            ([0x41, 0x01, 0x41, 0x02, 0x6A, 0x1A], nil),  // i32.add: MVP
        ]
        for (code, feature) in cases {
            var module = B()
            module.addFunction(type: module.addType([], []), code: code)
            let report = try WasmInspector.inspect(bytes: module.build())
            #expect(report.features == (feature.map { [$0] } ?? []), "\(code)")
            #expect(report.kind == .other)
            #expect(report.go == nil)
        }
    }

    static let modinfo = "path\texample.com/app\nmod\texample.com/app\t(devel)\t\nbuild\tGOOS=js\n"
    static let sentinelStart: [UInt8] = [
        0x30, 0x77, 0xAF, 0x0C, 0x92, 0x74, 0x08, 0x02, 0x41, 0xE1, 0xC1, 0x07, 0xE6, 0xD6, 0x18, 0xE6,
    ]
    static let sentinelEnd: [UInt8] = [
        0xF9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72, 0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xD8, 0xF2,
    ]
    static let wrappedModinfo = sentinelStart + Array(modinfo.utf8) + sentinelEnd
    static let header: [UInt8] = [0xFF] + Array(" Go buildinf:".utf8)

    @Test func inlineBuildInfoBlob() throws {
        let version = Array("go1.22.4".utf8)
        var blob = Self.header + [8, 0x02] + [UInt8](repeating: 0, count: 16)
        blob +=
            B.uleb(UInt64(version.count)) + version + B.uleb(UInt64(Self.wrappedModinfo.count)) + Self.wrappedModinfo
        var module = B()
        // Split where the linker would (at the zero padding) to prove the blob is reassembled.
        module.dataSegments = [(0x1000, Array(blob.prefix(16))), (0x1020, Array(blob.dropFirst(32)))]
        let go = try #require(try WasmInspector.inspect(bytes: module.build()).go)
        #expect(go.version == "go1.22.4")
        #expect(go.modulePath == "example.com/app")
        #expect(go.mainPackage == "example.com/app")
        #expect(go.buildInfoSource == "buildinf-inline")
        #expect(go.buildSettings == [InspectionReport.BuildSetting(key: "GOOS", value: "js")])
    }

    @Test func pointerBuildInfoBlob() throws {
        // Go < 1.18: the header points at two Go string headers (ptr, len; little-endian, 8-byte pointers).
        func le64(_ v: Int) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> ($0 * 8)) } }
        let version = Array("go1.16.15".utf8)
        let versionAt = 0x3000, modAt = 0x3100, versionHeaderAt = 0x2000, modHeaderAt = 0x2010
        var module = B()
        module.dataSegments = [
            (0x1000, Self.header + [8, 0x00] + le64(versionHeaderAt) + le64(modHeaderAt)),
            (
                UInt32(versionHeaderAt),
                le64(versionAt) + le64(version.count) + le64(modAt) + le64(Self.wrappedModinfo.count)
            ),
            (UInt32(versionAt), version),
            (UInt32(modAt), Self.wrappedModinfo),
        ]
        let go = try #require(try WasmInspector.inspect(bytes: module.build()).go)
        #expect(go.version == "go1.16.15")
        #expect(go.mainPackage == "example.com/app")
        #expect(go.buildInfoSource == "buildinf-pointer")
    }

    @Test func versionFromRuntimeBuildVersionWhenProducersIsStripped() throws {
        var module = B()
        module.dataSegments = [(0x1000, Array("go1.21.0".utf8)), (0x2000, Self.wrappedModinfo)]
        let go = try #require(try WasmInspector.inspect(bytes: module.build()).go)
        #expect(go.version == "go1.21.0")
        #expect(go.modulePath == "example.com/app")
        #expect(go.buildInfoSource == "modinfo+runtime.buildVersion")
    }
}
