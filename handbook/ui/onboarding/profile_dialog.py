"""Who is using the shared workstation: choose a person, add one, or change a role or start date.

A profile is a staff name, a role and a start date; nothing about patients. Saving goes through
`handbook.records.profiles` (a new row in the chain); this dialog only collects the input.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from handbook.errors import StorageError
from handbook.library.catalog import Library
from handbook.records.db import RecordStore
from handbook.records.profiles import (
    NAME_MAX,
    Profile,
    ProfileError,
    check_profile,
    create_profile,
    local_profiles,
    update_profile,
)
from handbook.ui import dialogs
from handbook.ui.theme import alert_colour


class ProfileDialog(QDialog):
    """Pick who you are. Emits profile_chosen(Profile) and closes when a person is chosen or added."""

    profile_chosen = Signal(object)

    def __init__(
        self,
        store: RecordStore,
        library: Library,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.library = library
        self.setWindowTitle(self.tr("Who is using the handbook?"))
        self.resize(520, 480)
        self.people = QListWidget()
        self.people.setAccessibleName(self.tr("People on this workstation"))
        self.use_button = QPushButton(self.tr("Use this person"))
        self.use_button.setDefault(True)
        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.name.setPlaceholderText(self.tr("Your name as colleagues know it, e.g. Ann Lee RN"))
        self.role = QComboBox()
        for role_id, label in library.info.roles:
            self.role.addItem(label, role_id)
        self.start = QDateEdit()
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        day = today or dt.date.today()
        self.start.setDate(QDate(day.year, day.month, day.day))
        self.add_button = QPushButton(self.tr("Add and use"))
        self.save_button = QPushButton(self.tr("Save changes to the selected person"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {alert_colour()}")
        notice = QLabel(self.tr("Staff names only. Never enter anything about a patient."))
        notice.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Start date"), self.start)
        edit_buttons = QHBoxLayout()
        edit_buttons.addWidget(self.add_button)
        edit_buttons.addWidget(self.save_button)
        editor = QGroupBox(self.tr("New person, or change the selected one"))
        editor_layout = QVBoxLayout(editor)
        editor_layout.addLayout(form)
        editor_layout.addLayout(edit_buttons)
        editor_layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Choose yourself:")))
        layout.addWidget(self.people, 1)
        layout.addWidget(self.use_button)
        layout.addWidget(editor)
        layout.addWidget(notice)
        layout.addWidget(buttons)

        self.use_button.clicked.connect(self.use_selected)
        self.people.itemDoubleClicked.connect(lambda _item: self.use_selected())
        self.people.currentItemChanged.connect(self._selection_changed)
        self.add_button.clicked.connect(self.add_person)
        self.save_button.clicked.connect(self.save_selected)
        buttons.rejected.connect(self.reject)
        self.reload()

    def reload(self, select_id: str = "") -> None:
        """List this workstation's people (sorted by name)."""
        self.people.clear()
        try:
            profiles = local_profiles(self.store)
        except StorageError as exc:
            dialogs.show_error(self, self.tr("The list of people could not be read."), exc.where, exc)
            profiles = []
        for profile in profiles:
            text = f"{profile.name} · {self.library.info.role_label(profile.role)} · " + self.tr(
                "started %1"
            ).replace("%1", profile.start_date.isoformat())
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, profile)
            self.people.addItem(item)
            if profile.id == select_id:
                self.people.setCurrentItem(item)
        self._selection_changed()

    def selected(self) -> Profile | None:
        """The person highlighted in the list."""
        item = self.people.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _selection_changed(self, *_args: object) -> None:
        profile = self.selected()
        self.use_button.setEnabled(profile is not None)
        self.save_button.setEnabled(profile is not None)
        if profile is not None:
            self.name.setText(profile.name)
            self.role.setCurrentIndex(max(0, self.role.findData(profile.role)))
            d = profile.start_date
            self.start.setDate(QDate(d.year, d.month, d.day))
            self.problem.clear()

    def _inputs(self) -> tuple[str, str, dt.date]:
        d = self.start.date()
        return self.name.text(), str(self.role.currentData() or ""), dt.date(d.year(), d.month(), d.day())

    def _roles(self) -> list[str]:
        return [role for role, _ in self.library.info.roles]

    def use_selected(self) -> None:
        """Choose the highlighted person and close."""
        profile = self.selected()
        if profile is not None:
            self.profile_chosen.emit(profile)
            self.accept()

    def add_person(self) -> None:
        """Add the person typed in the form and choose them; a refusal is shown under the form."""
        name, role, start = self._inputs()
        try:
            reason = check_profile(name, role, self._roles(), local_profiles(self.store))
            if reason:
                self.problem.setText(self.tr(reason))
                return
            profile = create_profile(self.store, name, role, start, self._roles())
        except ProfileError as exc:
            self.problem.setText(exc.message)
            return
        except StorageError as exc:
            dialogs.show_error(self, self.tr("The person could not be saved."), exc.where, exc)
            return
        self.profile_chosen.emit(profile)
        self.accept()

    def save_selected(self) -> None:
        """Save a new name, role or start date for the highlighted person (kept in the record)."""
        profile = self.selected()
        if profile is None:
            return
        name, role, start = self._inputs()
        try:
            updated = update_profile(self.store, profile, name, role, start, self._roles())
        except ProfileError as exc:
            self.problem.setText(exc.message)
            return
        except StorageError as exc:
            dialogs.show_error(self, self.tr("The change could not be saved."), exc.where, exc)
            return
        self.problem.clear()
        self.reload(select_id=updated.id)
