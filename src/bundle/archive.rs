//! The bundle as a reproducible `tar.gz`: `<tenant_id>/` and its files, sorted, with
//! mtime 0, uid/gid 0, no user or group names, fixed modes, and a gzip header without
//! time stamp or file name — the same bytes wherever and whenever it is built.

use std::io::Write;

use flate2::{Compression, GzBuilder};

use super::Bundle;

/// Mode of the folder entry and of the files.
const DIR_MODE: u32 = 0o755;
const FILE_MODE: u32 = 0o644;
/// gzip's "unknown" operating system, so the header does not depend on the builder's.
const GZIP_OS_UNKNOWN: u8 = 255;

/// The archive's bytes.
pub fn tar_gz(bundle: &Bundle) -> std::io::Result<Vec<u8>> {
    let gz = GzBuilder::new()
        .mtime(0)
        .operating_system(GZIP_OS_UNKNOWN)
        .write(Vec::new(), Compression::fast());
    let mut gz = write_tar(bundle, gz)?;
    gz.flush()?;
    gz.finish()
}

/// The archive's content unpacked: the tar that [`tar_gz`] compresses. `verify-bundle`
/// compares what an archive unpacks to with this, byte for byte (the compressed bytes may
/// differ between versions of the compressor; what `tar` reads may not).
pub fn tar(bundle: &Bundle) -> std::io::Result<Vec<u8>> {
    write_tar(bundle, Vec::new())
}

fn write_tar<W: Write>(bundle: &Bundle, out: W) -> std::io::Result<W> {
    let mut tar = tar::Builder::new(out);
    let root = bundle.tenant_id.as_str();
    let mut header = entry_header(tar::EntryType::Directory, DIR_MODE, 0);
    tar.append_data(&mut header, format!("{root}/"), std::io::empty())?;
    let mut files: Vec<_> = bundle.files.iter().collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    for file in files {
        let mut header = entry_header(tar::EntryType::Regular, FILE_MODE, file.bytes.len() as u64);
        tar.append_data(
            &mut header,
            format!("{root}/{}", file.name),
            file.bytes.as_slice(),
        )?;
    }
    tar.into_inner()
}

fn entry_header(kind: tar::EntryType, mode: u32, size: u64) -> tar::Header {
    // POSIX ustar: no GNU extensions whose fields (atime, ctime) would need setting too.
    let mut header = tar::Header::new_ustar();
    header.set_entry_type(kind);
    header.set_mode(mode);
    header.set_size(size);
    header.set_mtime(0);
    header.set_uid(0);
    header.set_gid(0);
    // Empty names, so the builder's account does not show (set_username fails only on
    // names longer than the field).
    let _ = header.set_username("");
    let _ = header.set_groupname("");
    header
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{BundleFile, TenantId};

    fn bundle(files: &[(&str, &[u8])]) -> Bundle {
        Bundle {
            tenant_id: TenantId::new("testamt").unwrap(),
            files: files
                .iter()
                .map(|(name, bytes)| BundleFile {
                    name: (*name).to_owned(),
                    bytes: bytes.to_vec(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_archive_is_reproducible_and_sorted_with_fixed_metadata() {
        let one = tar_gz(&bundle(&[("b.json", b"{}\n"), ("a.json", b"[]\n")])).unwrap();
        let two = tar_gz(&bundle(&[("a.json", b"[]\n"), ("b.json", b"{}\n")])).unwrap();
        assert_eq!(one, two);
        // gzip header: no mtime, no FNAME flag, OS unknown.
        assert_eq!(&one[..4], &[0x1f, 0x8b, 8, 0]);
        assert_eq!(&one[4..8], &[0, 0, 0, 0]);
        assert_eq!(one[9], 255);

        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(one.as_slice()));
        let entries: Vec<(String, u32, u64, u64, u64)> = archive
            .entries()
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let h = e.header();
                (
                    e.path().unwrap().display().to_string(),
                    h.mode().unwrap(),
                    h.mtime().unwrap(),
                    h.uid().unwrap(),
                    h.gid().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            entries,
            [
                ("testamt/".to_owned(), 0o755, 0, 0, 0),
                ("testamt/a.json".to_owned(), 0o644, 0, 0, 0),
                ("testamt/b.json".to_owned(), 0o644, 0, 0, 0),
            ]
        );
    }

    #[test]
    fn the_tar_is_what_the_archive_unpacks_to() {
        let b = bundle(&[("b.json", b"{}\n"), ("a.json", b"[]\n")]);
        let mut unpacked = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(tar_gz(&b).unwrap().as_slice()),
            &mut unpacked,
        )
        .unwrap();
        assert_eq!(tar(&b).unwrap(), unpacked);
    }
}
