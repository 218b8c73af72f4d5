//! `filrouge::partition` for Python: `partition_key`, `partition_keys` and
//! `ClientGroups`, the partition keys of runs beyond one process (Spark,
//! Dask: see `examples/spark/`). Conversion and delegation only.
//!
//! The bulk calls take Arrow data and return an Arrow array of
//! `uint32` partitions (`filrouge.Array`), one per row, computed with the GIL released; lists
//! of str or dicts give lists of int.

use crate::arrow::{self, Columns, Input, StringLists};
use crate::convert::{self, BadInput, Count, Text};
use crate::error;
use filrouge::history::{Contact, Report};
use filrouge::partition::{self as core};
use pyo3::prelude::*;

/// A partition count from a Python int: `InvalidInputError` beyond `u32`
/// (the core takes 0 as 1).
fn count(py: Python<'_>, n: Count) -> PyResult<u32> {
    u32::try_from(n.0).map_err(|_| error::invalid_input(py, format!("partitions: {} is more than {}", n.0, u32::MAX)))
}

/// The partition (`0..partitions`) of a key: the 64-bit FNV-1a hash of its
/// UTF-8 bytes modulo `partitions` (0 is taken as 1). Fixed across
/// versions, the same in every binding.
#[pyfunction]
pub fn partition_key(py: Python<'_>, key: Text, partitions: Count) -> PyResult<u32> {
    Ok(core::partition_key(&key, count(py, partitions)?))
}

/// `partition_key` of every key: an Arrow string column (a pyarrow
/// `Array` or `ChunkedArray`, a polars `Series`) gives an Arrow `uint32`
/// `filrouge.Array` (a null key, a null partition); a list of str gives a
/// list of int.
#[pyfunction]
pub fn partition_keys<'py>(
    py: Python<'py>,
    keys: &Bound<'py, PyAny>,
    partitions: Count,
) -> PyResult<Bound<'py, PyAny>> {
    let n = count(py, partitions)?;
    if arrow::is_arrow(keys) {
        let chunks = arrow::import_column(keys, "keys")?;
        let out = py
            .detach(|| -> Result<_, BadInput> {
                let strings = arrow::string_chunks(&chunks, "keys")?;
                let rows = chunks.iter().zip(&strings).flat_map(|(a, s)| (0..a.len()).map(move |row| s.get(row)));
                Ok(arrow::u32_array(rows.map(|k| k.map(|k| core::partition_key(k, n)))))
            })
            .map_err(|e| e.into_pyerr(py))?;
        return Ok(Bound::new(py, out)?.into_any());
    }
    let keys: Vec<String> = convert::arg(keys, "keys")?;
    let out: Vec<u32> = keys.iter().map(|k| core::partition_key(k, n)).collect();
    Ok(out.into_pyobject(py)?.into_any())
}

/// Clients linked by the contacts they share (SPEC §1 `parties`), as
/// groups, each named by its smallest client id: reconciliation
/// (R-1.1 …) partitions by group, so that a partition holding a whole
/// group sees every report that may compete for its contacts (R-1.3,
/// Build it over every contact (`from_contacts`), then route
/// contacts and reports with `contact_partitions` / `report_partitions`.
#[pyclass(module = "filrouge")]
#[derive(Default)]
pub struct ClientGroups {
    inner: core::ClientGroups,
}

/// Links the `parties` column of Arrow contacts (only that column is read).
fn link_parties(groups: &mut core::ClientGroups, batches: &[arrow_array::RecordBatch]) -> Result<(), BadInput> {
    for c in Columns::each("contacts", batches) {
        let parties = parties_column(&c)?;
        for row in 0..c.len() {
            groups.link(party_list(&c, &parties, row)?);
        }
    }
    Ok(())
}

/// The required `parties` column (`list<string>`) of Arrow contacts.
fn parties_column<'a>(c: &Columns<'a>) -> Result<StringLists<'a>, BadInput> {
    c.string_lists("parties", true)?.ok_or_else(|| c.at("parties", 0, "missing column"))
}

/// A contact's parties at `row` (no null list, no null party).
fn party_list<'a>(c: &Columns<'_>, parties: &StringLists<'a>, row: usize) -> Result<Vec<&'a str>, BadInput> {
    let list = parties.get(row).ok_or_else(|| c.at("parties", row, "null in a required column"))?;
    list.map(|p| p.ok_or_else(|| c.at("parties", row, "null party"))).collect()
}

#[pymethods]
impl ClientGroups {
    /// No links: every client is its own group.
    #[new]
    fn new() -> Self {
        ClientGroups::default()
    }

    /// Groups of every contact's parties: a list of contact dicts (SPEC §1)
    /// or Arrow contacts (only the `parties` column, `list<string>`, is read).
    #[staticmethod]
    fn from_contacts(py: Python<'_>, contacts: &Bound<'_, PyAny>) -> PyResult<Self> {
        let inner = match Input::read(Some(contacts), "contacts")? {
            Input::Arrow(batches) => py.detach(|| {
                let mut groups = core::ClientGroups::new();
                link_parties(&mut groups, &batches).map(|()| groups)
            }),
            Input::Json(v) => {
                convert::from_value::<Vec<Contact>>(v, "contacts").map(|c| core::ClientGroups::from_contacts(&c))
            }
        }
        .map_err(|e| e.into_pyerr(py))?;
        Ok(ClientGroups { inner })
    }

    /// Links a contact's parties (a contact dict, SPEC §1).
    fn add_contact(&mut self, contact: &Bound<'_, PyAny>) -> PyResult<()> {
        let contact: Contact = convert::arg(contact, "contact")?;
        self.inner.add_contact(&contact);
        Ok(())
    }

    /// Puts these clients (a list of str) in one group.
    fn link(&mut self, clients: &Bound<'_, PyAny>) -> PyResult<()> {
        let clients: Vec<String> = convert::arg(clients, "clients")?;
        self.inner.link(clients.iter().map(String::as_str));
        Ok(())
    }

    /// The name of a client's group: its smallest client id; the client
    /// itself when it shares no contact.
    fn group_of(&self, client_id: Text) -> String {
        self.inner.group_of(&client_id).to_owned()
    }

    /// The partition of a report (a dict, SPEC §1): its client's group's
    /// `partition_key`.
    fn report_partition(&self, py: Python<'_>, report: &Bound<'_, PyAny>, partitions: Count) -> PyResult<u32> {
        let report: Report = convert::arg(report, "report")?;
        Ok(self.inner.report_partition(&report, count(py, partitions)?))
    }

    /// The partition of a contact (a dict, SPEC §1): its first party's
    /// group's `partition_key` (no parties: the partition of `""`).
    fn contact_partition(&self, py: Python<'_>, contact: &Bound<'_, PyAny>, partitions: Count) -> PyResult<u32> {
        let contact: Contact = convert::arg(contact, "contact")?;
        Ok(self.inner.contact_partition(&contact, count(py, partitions)?))
    }

    /// The partition of a client's group (what `report_partition` gives a
    /// report of this client).
    fn client_partition(&self, py: Python<'_>, client_id: Text, partitions: Count) -> PyResult<u32> {
        Ok(self.inner.client_partition(&client_id, count(py, partitions)?))
    }

    /// What `contact_partition` gives a contact with these parties (a list of str).
    fn parties_partition(&self, py: Python<'_>, parties: &Bound<'_, PyAny>, partitions: Count) -> PyResult<u32> {
        let parties: Vec<String> = convert::arg(parties, "parties")?;
        Ok(self.inner.parties_partition(parties.iter().map(String::as_str), count(py, partitions)?))
    }

    /// `report_partition` of every report: Arrow reports (only the
    /// `client_id` column is read) give an Arrow `uint32` `filrouge.Array`;
    /// a list of report dicts gives a list of int.
    fn report_partitions<'py>(
        &self,
        py: Python<'py>,
        reports: &Bound<'py, PyAny>,
        partitions: Count,
    ) -> PyResult<Bound<'py, PyAny>> {
        let n = count(py, partitions)?;
        let inner = &self.inner;
        match Input::read(Some(reports), "reports")? {
            Input::Arrow(batches) => {
                let out = py
                    .detach(|| -> Result<_, BadInput> {
                        let mut out = Vec::new();
                        for c in Columns::each("reports", &batches) {
                            let client = arrow::req_col(&c, "client_id")?;
                            for row in 0..c.len() {
                                out.push(Some(inner.client_partition(arrow::req(&c, &client, "client_id", row)?, n)));
                            }
                        }
                        Ok(arrow::u32_array(out))
                    })
                    .map_err(|e| e.into_pyerr(py))?;
                Ok(Bound::new(py, out)?.into_any())
            }
            Input::Json(v) => {
                let reports: Vec<Report> = convert::from_value(v, "reports").map_err(|e| e.into_pyerr(py))?;
                let out: Vec<u32> = reports.iter().map(|r| inner.report_partition(r, n)).collect();
                Ok(out.into_pyobject(py)?.into_any())
            }
        }
    }

    /// `contact_partition` of every contact: Arrow contacts (only the
    /// `parties` column is read) give an Arrow `uint32` `filrouge.Array`; a
    /// list of contact dicts gives a list of int.
    fn contact_partitions<'py>(
        &self,
        py: Python<'py>,
        contacts: &Bound<'py, PyAny>,
        partitions: Count,
    ) -> PyResult<Bound<'py, PyAny>> {
        let n = count(py, partitions)?;
        let inner = &self.inner;
        match Input::read(Some(contacts), "contacts")? {
            Input::Arrow(batches) => {
                let out = py
                    .detach(|| -> Result<_, BadInput> {
                        let mut out = Vec::new();
                        for c in Columns::each("contacts", &batches) {
                            let parties = parties_column(&c)?;
                            for row in 0..c.len() {
                                out.push(Some(inner.parties_partition(party_list(&c, &parties, row)?, n)));
                            }
                        }
                        Ok(arrow::u32_array(out))
                    })
                    .map_err(|e| e.into_pyerr(py))?;
                Ok(Bound::new(py, out)?.into_any())
            }
            Input::Json(v) => {
                let contacts: Vec<Contact> = convert::from_value(v, "contacts").map_err(|e| e.into_pyerr(py))?;
                let out: Vec<u32> = contacts.iter().map(|c| inner.contact_partition(c, n)).collect();
                Ok(out.into_pyobject(py)?.into_any())
            }
        }
    }

    /// The number of clients that share a contact with another client.
    fn linked_clients(&self) -> usize {
        self.inner.linked_clients()
    }

    fn __repr__(&self) -> String {
        format!("ClientGroups({} linked clients)", self.inner.linked_clients())
    }
}

/// Adds this module's functions and classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(partition_key, m)?)?;
    m.add_function(wrap_pyfunction!(partition_keys, m)?)?;
    m.add_class::<ClientGroups>()?;
    Ok(())
}
