"""Reading any published project list (重点项目计划表, 项目库清单): pure modules, no database.

reader   — .xlsx/.xls (python-calamine) and .csv (utf-8-sig, else gb18030) as sheets of rows
header   — the header among the first rows (one or several, merged parents), its unit notes
mapping  — column → field by the header's words (every spelling met in one table)
values   — money to 万元, year ranges to dates, stage/category words, names split, regions
rows     — each data row classified: project, total, section, note …; totals checked
parse    — `parse_file`, tying them together

Mappings are plain JSON-serialisable dicts ({column key: field}); saving one by name is left to a model.
"""
