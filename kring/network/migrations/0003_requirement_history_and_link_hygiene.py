
import django.db.models.deletion
import django.db.models.manager
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def reason_for_old_revocations(apps, schema_editor):
    """Links revoked before reasons existed were revoked by a consent withdrawal."""
    PersonalLink = apps.get_model("network", "PersonalLink")
    PersonalLink.objects.filter(revoked_at__isnull=False, revoked_reason="").update(
        revoked_reason="consent"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0002_circle_details_and_restrictions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RequirementChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('changed', 'Gewijzigd'), ('withdrawn', 'Ingetrokken'), ('handed_over', 'Overgedragen')], max_length=12, verbose_name='wat')),
                ('old_text', models.TextField(blank=True, max_length=2000, verbose_name='tekst ervoor')),
                ('old_organisation', models.CharField(blank=True, max_length=150, verbose_name='organisatie ervoor')),
                ('note', models.TextField(blank=True, max_length=1000, verbose_name='waarom')),
                ('changed_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'wijziging van een minimumeis',
                'verbose_name_plural': 'wijzigingen van minimumeisen',
                'ordering': ['changed_at', 'id'],
            },
        ),
        migrations.AlterModelOptions(
            name='safetyrequirement',
            options={'base_manager_name': 'all_objects', 'ordering': ['set_on', 'id'], 'verbose_name': 'minimumeis', 'verbose_name_plural': 'minimumeisen'},
        ),
        migrations.AlterModelManagers(
            name='safetyrequirement',
            managers=[
                ('objects', django.db.models.manager.Manager()),
                ('all_objects', django.db.models.manager.Manager()),
            ],
        ),
        migrations.AddField(
            model_name='personallink',
            name='channel',
            field=models.CharField(choices=[('email', 'E-mail'), ('letter', 'Brief')], default='email', max_length=8),
        ),
        migrations.AddField(
            model_name='personallink',
            name='code_hash',
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='personallink',
            name='revoked_reason',
            field=models.CharField(blank=True, choices=[('superseded', 'Vervangen door een nieuwere link'), ('email_changed', 'E-mailadres verbeterd'), ('by_hand', 'Ingetrokken door de coördinator'), ('consent', 'Toestemming ingetrokken')], max_length=16),
        ),
        migrations.AddField(
            model_name='safetyrequirement',
            name='changed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='gewijzigd op'),
        ),
        migrations.AddField(
            model_name='safetyrequirement',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='ingetrokken op'),
        ),
        migrations.RunPython(reason_for_old_revocations, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='personallink',
            constraint=models.CheckConstraint(condition=models.Q(('revoked_at__isnull', True), models.Q(('revoked_reason', ''), _negated=True), _connector='OR'), name='link_revocation_has_reason'),
        ),
        migrations.AddField(
            model_name='requirementchange',
            name='changed_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='requirementchange',
            name='old_set_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='network.person', verbose_name='gesteld door, ervoor'),
        ),
        migrations.AddField(
            model_name='requirementchange',
            name='requirement',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='history', to='network.safetyrequirement'),
        ),
        migrations.AddConstraint(
            model_name='requirementchange',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['changed', 'withdrawn', 'handed_over'])), name='requirement_change_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='requirementchange',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'withdrawn'), _negated=True), models.Q(('note', ''), _negated=True), _connector='OR'), name='requirement_withdrawal_has_reason'),
        ),
    ]
