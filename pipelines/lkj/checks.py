"""The checks of ``marts.dq_findings`` by their Indonesian names, as the reports show them.

Every check the mart may give (the accepted values of its ``check_name`` in
``dbt_project/models/marts/quality/dq_findings.yml``) has a name here; a test
holds the two lists equal.
"""

from __future__ import annotations

CHECK_NAMES = {
    "rejected_file": "Berkas ditolak seluruhnya (belum masuk hitungan)",
    "dipa_total_mismatch": "Total DIPA tidak sama dengan jumlah pagu kegiatan",
    "ikpa_components_mismatch": "Nilai IKPA tidak sama dengan rata-rata tertimbang komponennya",
    "suspected_duplicate_person": "Dugaan orang yang sama tercatat dua kali",
    "historical_vs_records": "Data historis berbeda dengan data rinci",
    "unknown_value": "Ejaan tidak dikenal daftar rujukan",
    "published_vs_records": "Angka LKj berbeda dengan hitungan dari data rinci",
    "published_total_mismatch": "Total LKj tidak sama dengan jumlah rinciannya",
    "undeclared_indicator": "Kode IKU tidak ada dalam Renstra tahun itu (tidak dihitung)",
    "target_unit_mismatch": "Satuan target berbeda dengan satuan IKU dalam Renstra",
}


def check_label(check_name: str) -> str:
    """The check's Indonesian name; a check not yet named here keeps its code."""
    return CHECK_NAMES.get(check_name, check_name)
